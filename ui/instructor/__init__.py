"""The instructor's view of the server: the ``/api/metrics`` route and the live panel."""
