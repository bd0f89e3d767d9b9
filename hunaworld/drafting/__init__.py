"""A site profile drafted from what discovery and the generic layers find, and a profile checked
against the generic layers.

``scrapy profile draft`` crawls a sample of the section in discovery mode (:mod:`.sample`), turns
the cards, links and pager discovery followed into listing rules (:mod:`.listingrules`) and the
elements the generic layers read each field from into one article layout (:mod:`.layoutrules`),
keeps each rule only where it gives on every sampled page what discovery gave, and writes the
profile module (:mod:`.writer`). ``scrapy profile check`` extracts saved pages with a profile and
with the generic layers alone and lists where they differ (:mod:`.check`).
"""
