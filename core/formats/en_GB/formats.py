"""How dates are written on every page, PDF and Word document: "7 January 2027", as GOV.UK
writes them (Django's own en_GB format abbreviates the month). Times are written with
core.dates.time_of_day, as Django has no format for "10:30am"."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, g:iA"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
