"""Every write that matters: meetings, their agenda and papers (`meetings`), replies to the
invitation (`replies`), attendance and quorum (`attendance`), declarations of interest
(`declarations`), the minutes and their lifecycle (`minutes`), and the reading of papers' text
for search (`papers`)."""
