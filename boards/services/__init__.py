"""Every write that matters: meetings and their agenda (`meetings`), minutes (`minutes`)."""
