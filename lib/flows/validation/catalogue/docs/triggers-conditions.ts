import type { DocsByType } from "./types";

// The core triggers and conditions, after the orchestrator's plugin documentation.

const T = "io.kestra.plugin.core.trigger";
const C = "io.kestra.plugin.core.condition";

export const TRIGGER_DOCS: DocsByType = {
  [`${T}.Schedule`]: {
    description: "Starts an execution on a cron schedule (UTC unless a timezone is given), and can recover the schedules missed while down.",
    properties: {
      cron: "The cron expression (five fields, six with withSeconds) or a nickname such as @daily.",
      withSeconds: "Read the cron expression with a leading seconds field.",
      timezone: "The time zone the cron expression is read in, e.g. Europe/Paris.",
      inputs: "The inputs given to each execution.",
      lateMaximumDelay: "Skip a scheduled execution that could not start within this delay.",
      recoverMissedSchedules: "Which schedules missed while the scheduler was down to run: all, the last, or none.",
      backfill: "Run the schedules since a past date (deprecated: start backfills from the UI).",
      scheduleConditions: "Conditions on the scheduled date; a date that fails them is skipped.",
    },
    example: "triggers:\n  - id: daily\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: \"0 9 * * *\"\n    timezone: Europe/Paris",
  },
  [`${T}.Flow`]: {
    description: "Starts an execution when executions of other flows end, filtered by states, conditions or preconditions.",
    properties: {
      inputs: "The inputs given to the new execution (expressions may read the upstream `trigger`).",
      states: "The upstream execution states that trigger (SUCCESS, WARNING, FAILED, ...).",
      preconditions: "Upstream flows and where filters (FLOW_ID, NAMESPACE, STATE, EXPRESSION) that must all be met within the timeWindow before triggering; resetOnSuccess starts over once it fired.",
      dependsOn: "The upstream flows to wait for, each narrowed by namespace, flowId, states, labels or an expression.",
      window: "The time window in which the upstream flows must end.",
      mode: "Whether all, any, or at least minSatisfied of the upstream flows are needed.",
      minSatisfied: "With mode AT_LEAST: how many upstream flows are needed.",
    },
    example: "triggers:\n  - id: after_extract\n    type: io.kestra.plugin.core.trigger.Flow\n    states: [SUCCESS]\n    conditions:\n      - type: io.kestra.plugin.core.condition.ExecutionFlow\n        namespace: company.team\n        flowId: extract",
  },
  [`${T}.Webhook`]: {
    description: "Starts an execution when an HTTP request reaches the flow's webhook URL, which ends with the secret key.",
    properties: {
      key: "The secret part of the webhook URL (at most 256 characters).",
      inputs: "The inputs given to the new execution (expressions may read the request's `trigger.body`).",
      wait: "Answer the request only once the execution has ended.",
      returnOutputs: "With wait: answer with the execution's outputs.",
      fetchType: "STORE: a binary body is stored in the internal storage and given as `trigger.uri` instead of base64 in `trigger.body`.",
      responseContentType: "With returnOutputs: the answer's media type (a flow with one text output answers that text as it is).",
    },
    example: "triggers:\n  - id: webhook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: 4wjtkzwVGBM9yKnjm3yv8r",
  },
};

export const CONDITION_DOCS: DocsByType = {
  [`${C}.ExecutionFlow`]: {
    description: "Holds when the upstream execution belongs to the given flow.",
    properties: { namespace: "The upstream flow's namespace.", flowId: "The upstream flow's id." },
    example: "conditions:\n  - type: io.kestra.plugin.core.condition.ExecutionFlow\n    namespace: company.team\n    flowId: extract",
  },
  [`${C}.ExecutionStatus`]: {
    description: "Holds when the upstream execution ended in one of the listed states and none of the excluded ones.",
    properties: { in: "The states that satisfy the condition.", notIn: "The states that do not." },
    example: "conditions:\n  - type: io.kestra.plugin.core.condition.ExecutionStatus\n    in: [SUCCESS, WARNING]",
  },
  [`${C}.ExecutionNamespace`]: {
    description: "Holds when the upstream execution's namespace equals, starts with or ends with the given one.",
    properties: {
      namespace: "The namespace to compare with.",
      comparison: "How to compare: EQUALS, PREFIX or SUFFIX.",
      prefix: "Older form of comparison: PREFIX.",
    },
    example: "conditions:\n  - type: io.kestra.plugin.core.condition.ExecutionNamespace\n    namespace: company\n    comparison: PREFIX",
  },
  [`${C}.ExpressionCondition`]: {
    description: "Holds when an expression renders to true.",
    properties: { expression: "The expression to render, e.g. one reading `trigger` or `execution`." },
    example: "conditions:\n  - type: io.kestra.plugin.core.condition.ExpressionCondition\n    expression: \"{{ trigger.state == 'SUCCESS' }}\"",
  },
  [`${C}.MultipleCondition`]: {
    description: "Holds once every named condition has held at least once within a time window.",
    properties: {
      id: "The condition's identifier, which keeps its progress.",
      conditions: "The named conditions that must all hold, as a map of names to conditions.",
      window: "The length of the time window (older form of timeWindow).",
      windowAdvance: "The start of the window within the day (older form of timeWindow).",
      timeWindow: "The time window: type (DURATION_WINDOW, SLIDING_WINDOW, DAILY_TIME_DEADLINE, DAILY_TIME_WINDOW), window, windowAdvance, deadline, startTime, endTime.",
      timeSLA: "Older name of sla.",
      sla: "The time window the conditions must hold within.",
      resetOnSuccess: "Start counting again once the condition has held.",
    },
    example: "conditions:\n  - id: both_done\n    type: io.kestra.plugin.core.condition.MultipleCondition\n    window: P1D\n    conditions:\n      first:\n        type: io.kestra.plugin.core.condition.ExecutionFlow\n        namespace: company.team\n        flowId: first",
  },
  [`${C}.Not`]: {
    description: "Holds when none of its conditions holds (a Schedule evaluates it too), e.g. every day but public holidays and weekends.",
    properties: { conditions: "The conditions to invert: if any of them holds, this one does not." },
    example: "conditions:\n  - type: io.kestra.plugin.core.condition.Not\n    conditions:\n      - type: io.kestra.plugin.core.condition.PublicHoliday\n        country: FR\n      - type: io.kestra.plugin.core.condition.Weekend",
  },
  [`${C}.Or`]: {
    description: "Holds when at least one of its conditions holds (a Schedule evaluates it too).",
    properties: { conditions: "The conditions of which one must hold." },
    example: "conditions:\n  - type: io.kestra.plugin.core.condition.Or\n    conditions:\n      - type: io.kestra.plugin.core.condition.DayWeek\n        dayOfWeek: MONDAY\n      - type: io.kestra.plugin.core.condition.DayWeek\n        dayOfWeek: SUNDAY",
  },
  [`${C}.DayWeek`]: {
    description: "Holds when the date falls on a day of the week, read in the date's own offset (a Schedule's date is in its timezone).",
    properties: {
      date: "The date to test: a date or an ISO-8601 date-time with an offset, or an expression; the trigger's date by default (`{{ trigger.date }}`).",
      dayOfWeek: "The day of the week: MONDAY to SUNDAY.",
    },
    example: "conditions:\n  - type: io.kestra.plugin.core.condition.DayWeek\n    dayOfWeek: MONDAY",
  },
  [`${C}.DayWeekInMonth`]: {
    description: "Holds when the date is the first (second, third, fourth) or last given day of the week of its month.",
    properties: {
      date: "The date to test; the trigger's date by default (`{{ trigger.date }}`).",
      dayOfWeek: "The day of the week: MONDAY to SUNDAY.",
      dayInMonth: "Which one in the month: FIRST, SECOND, THIRD, FOURTH or LAST.",
    },
    example: "conditions:\n  - type: io.kestra.plugin.core.condition.DayWeekInMonth\n    dayOfWeek: MONDAY\n    dayInMonth: FIRST",
  },
  [`${C}.Weekend`]: {
    description: "Holds when the date falls on a Saturday or a Sunday.",
    properties: { date: "The date to test; the trigger's date by default (`{{ trigger.date }}`)." },
    example: "conditions:\n  - type: io.kestra.plugin.core.condition.Weekend",
  },
  [`${C}.TimeBetween`]: {
    description: "Holds when the date's time of day is strictly after `after` and before `before` (either may be left out, not both); times with an offset compare as instants.",
    properties: {
      date: "The date-time to test, with its offset; the trigger's date by default (`{{ trigger.date }}`).",
      after: "An ISO-8601 time with an offset, e.g. 16:00:00+02:00: the time must be after it.",
      before: "An ISO-8601 time with an offset, e.g. 20:00:00+02:00: the time must be before it.",
    },
    example: "conditions:\n  - type: io.kestra.plugin.core.condition.TimeBetween\n    after: \"16:00:00+02:00\"\n    before: \"20:00:00+02:00\"",
  },
  [`${C}.DateTimeBetween`]: {
    description: "Holds when the date is at or after `after` and at or before `before` (either may be left out, not both).",
    properties: {
      date: "The date-time to test, with its offset; the trigger's date by default (`{{ trigger.date }}`).",
      after: "An ISO-8601 date-time with an offset or Z, e.g. 2025-01-01T00:00:00Z.",
      before: "An ISO-8601 date-time with an offset or Z, e.g. 2025-12-31T23:59:59Z.",
    },
    example: "conditions:\n  - type: io.kestra.plugin.core.condition.DateTimeBetween\n    after: \"2025-01-01T00:00:00Z\"\n    before: \"2025-12-31T23:59:59Z\"",
  },
  [`${C}.PublicHoliday`]: {
    description: "Holds when the date is a public holiday of a country (and subdivision), from the holiday calendars shipped with Tenantflow.",
    properties: {
      date: "The date to test; the trigger's date by default (`{{ trigger.date }}`).",
      country: "The ISO 3166-1 alpha-2 country code, e.g. FR; the server's default locale's country when not set.",
      subDivision: "The ISO 3166-2 subdivision (state, province), e.g. DE-BY or BY; an unknown one counts the country's holidays.",
    },
    example: "conditions:\n  - type: io.kestra.plugin.core.condition.PublicHoliday\n    country: FR",
  },
  [`${C}.ExecutionLabels`]: {
    description: "Holds when the upstream execution (of a Flow trigger) has every given label with the given value.",
    properties: { labels: "The labels to match, as a map or a list of {key, value}." },
    example: "conditions:\n  - type: io.kestra.plugin.core.condition.ExecutionLabels\n    labels:\n      owner: john.doe\n      env: prod",
  },
  [`${C}.HasRetryAttempt`]: {
    description: "Holds when a task of the upstream execution (of a Flow trigger) was tried more than once and one of its attempts ended in a state of `in` and not of `notIn`; with no `in`, it never holds.",
    properties: { in: "The attempt states that satisfy the condition.", notIn: "The attempt states that do not." },
    example: "conditions:\n  - type: io.kestra.plugin.core.condition.HasRetryAttempt\n    in:\n      - FAILED",
  },
};
