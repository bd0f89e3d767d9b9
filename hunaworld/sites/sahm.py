"""سهم (sahm): a world section whose listing page is a shell its script fills from a JSON API,
paged by a cursor behind an "المزيد" button; the article pages are plain HTML, read by the
generic layers."""

import re

from hunaworld.profile import ListingApi, ListingRules, Section, SiteProfile

PROFILE = SiteProfile(
    key="sahm",
    names=("سهم",),
    sections=(Section("world", "العالم", ("https://www.sahm.example/alam",)),),
    # Amman's clock: UTC+3 all year, as the API's and the pages' dates print it.
    timezone="Asia/Amman",
    # The crawl pages through the API the listing's script reads; the listing page itself is never fetched.
    listing=ListingRules(api=ListingApi(
        url="https://www.sahm.example/api/v1/stream?desk=world&size=5",
        items="items",
        link="permalink",
        title="headline",
        date="published_at",
        next="next_cursor",
        param="cursor",
    )),
    # /akhbar/<id>-<slug>
    article_id=re.compile(r"/akhbar/(\d+)-"),
)
