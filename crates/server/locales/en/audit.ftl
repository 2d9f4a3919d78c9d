# The audit trail, for staff.

coordination-audit = Audit trail
audit-lead = Who did what, and who read which case's content, when and from where. Events are never changed or removed, except by the retention period; `c4h audit verify` proves it.
audit-filter-actor = Person (e-mail address)
audit-filter-action = Action
audit-filter-action-hint = An action or the start of one: request.read, request.
audit-filter-object = Object
audit-filter-object-hint = A kind, or kind:id: request, attachment:0190…
audit-filter-case = Case reference
audit-filter-from = From (day)
audit-filter-until = Until (day, included)
audit-filter-nobody = Nobody has this address.
audit-filter-not-an-address = Enter an e-mail address, such as desk@example.org.
audit-filter-no-case = No case has this reference.
audit-filter-not-a-day = Enter a day as 2026-12-31.
audit-filter-until-before-from = The last day must not be before the first.
audit-export-csv = Export as CSV
audit-export-json = Export as JSON
audit-none = No event matches.
audit-older = Older events
audit-when = When
audit-who = Who
audit-what = What
audit-object = Object
audit-case = Case
audit-from-address = From
audit-details = Details
audit-timeline = Audit timeline of this case
# Actions (audit-<action with dots as dashes>)
audit-request-read = Case read
audit-attachment-read = File downloaded
audit-audit-export = Audit trail exported
