"""Publishers: turn one due queue entry into a real post on one platform."""
