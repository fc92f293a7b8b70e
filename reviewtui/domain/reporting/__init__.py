"""Follow-up figures from what meetings recorded: pure computations over plain records.

One module per part of the follow-up report: `follow_through` (actions), `timeboxes`,
`attendance` and `coverage` (accounts); `window` holds the dates they share.

Every function takes its facts and an explicit `as_of` date; nothing here reads a clock or
a database. Definitions (the report shows them in these words):

- Follow-through: of the actions due in the window (due on or before `as_of`, and on or
  after `since` when given), not dropped and not handed on to a later meeting, the share
  done on or before their due date. The due date is the one first promised: carrying an
  action on with a later date, or moving its date afterwards, does not undo a miss.
- Open actions by age: open actions counted by days since the first version of the action
  was created (carrying an action on does not make it younger).
- Timebox adherence: per section title and per template, planned minutes (the timebox)
  against minutes spent, in closed meetings of the window; overrun = spent - planned.
- Attendance: meetings attended (present) per person, role and month. A template rule
  "role R at least N per month" is broken in a month where someone with role R attended
  fewer than N meetings of that template.
- Expected roles: a closed meeting whose template expects a role (`attendees`) that nobody
  present held (see domain.expected_roles).
- Insight coverage: share of accounts in scope (not churned as of `as_of`) with at least
  `INSIGHT_TARGET` insights recorded in the window.
- Review coverage: accounts in scope not reviewed in the last 30, 60 and 90 days.
"""
