"""Discovery: crawling a section of a site from its URL alone, with no profile.

What a profile declares is learnt from the pages of the crawl instead: the shapes of the section's
article URLs and its cards (:mod:`~hunaworld.discovery.urlshape`, :mod:`~hunaworld.discovery.model`),
its next pages (:mod:`~hunaworld.discovery.pagination`), its clock (:mod:`~hunaworld.discovery.clock`);
the site's profile is made from the URL (:mod:`~hunaworld.discovery.site`). The spider navigates
with what is learnt; the generic extraction layers read the articles.
"""
