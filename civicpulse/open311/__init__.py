"""An Open311 GeoReport v2 server at /open311/v2/ (https://wiki.open311.org/GeoReport_v2).

How civicpulse maps onto the specification:
- jurisdiction_id is an organisation's slug; it may be left out only while the
  installation serves a single active organisation.
- A service is one of the organisation's active categories (service_code = its slug). A
  request posted through Open311 is a case of the kind "signal" (OPEN311_KIND) in that
  category; the service list reads, and GET requests shows, the published cases of every
  kind, with their category as the service (a case without one has no service_code).
- service_request_id is the registry number. Only published cases are shown (registered,
  not hidden, consented to), with their published texts and never the sender's data.
- The one attribute of every service is `publication`: how the sender lets the register
  show the case (by default without their name).
"""
