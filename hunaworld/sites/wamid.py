"""وميض (wamid): a world section whose listing page a script fills from a JSON API no page names;
this profile has it rendered and its "عرض المزيد" button pressed (declaring the API instead, as
sahm's profile does, would spare the browser). The article pages are plain HTML, read by the
generic layers."""

import re

from hunaworld.profile import ListingRules, Section, SiteProfile

PROFILE = SiteProfile(
    key="wamid",
    names=("وميض",),
    sections=(Section("world", "العالم", ("https://www.wamid.example/world",)),),
    # UTC+2 all year, as the articles' JSON-LD prints it.
    timezone="Africa/Tripoli",
    # No card rules: the rendered page's cards are read as discovery reads a page.
    listing=ListingRules(render=True),
    # /world/<id>/<slug>
    article_id=re.compile(r"/world/(\d+)/"),
)
