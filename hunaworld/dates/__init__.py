"""Arabic dates into timezone-aware datetimes; knows no site (the clock is always given)."""

from hunaworld.dates.parser import parse_date

__all__ = ["parse_date"]
