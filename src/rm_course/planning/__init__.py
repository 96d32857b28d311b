"""Planning a cohort: rosters, cohort settings, session dates and agendas (pure data, no rendering)."""
