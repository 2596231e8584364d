import type { DocsByType, TypeDocs } from "../../lib/flows/validation/catalogue/docs/types";
import { N } from "./catalogue";

// The notification tasks' documentation, after the orchestrator's notifications plugin.

const WEBHOOK: Record<string, string> = {
  url: "The incoming webhook's URL, usually `{{ secret('...') }}`: it is a credential, never shown in logs or errors (only its host is).",
  payload: "The message as JSON text, sent as it is written (rendered).",
  options:
    "HTTP client options: `connectTimeout`, `readIdleTimeout` (ISO-8601 durations), `maxContentLength`, `headers` (a map). The instance's network policy applies (allowed hosts; private addresses refused).",
};
const EXECUTION: Record<string, string> = {
  executionId: "The execution to summarize: the current execution when not set, typically `{{ trigger.executionId }}` in a flow with a Flow trigger. Only an execution of the same tenant is found.",
  customFields: "Fields added to the summary (a map of names to values).",
  customMessage: "A message added to the summary.",
  templateRenderMap: "Variables for the message template; the execution's own (execution, duration, link, ...) take precedence.",
};
const SUMMARY =
  " The message gives the namespace, flow, execution id, state, the failed (or last) task, the duration, and a link to the execution's page when the instance's public URL (NEXTAUTH_URL) is set. No outputs.";
const NO_OUTPUTS = " Fails when the service answers outside 2xx. No outputs.";

const entry = (description: string, properties: Record<string, string>, example: string): TypeDocs => ({ description, properties, example });

const MAIL: Record<string, string> = {
  host: "The SMTP server's host name; the instance's network policy applies (allowed hosts; private addresses refused).",
  port: "The SMTP server's port: 465 for SMTPS, 587 for SMTP_TLS, 25 for SMTP when not set.",
  username: "The SMTP user name.",
  password: "The SMTP password (the access token for SMTP_OAUTH2), usually `{{ secret('...') }}`.",
  transportStrategy: "SMTPS (TLS from the start, the default), SMTP_TLS (STARTTLS required), SMTP (plain, STARTTLS when the server offers it) or SMTP_OAUTH2.",
  sessionTimeout: "The longest wait for the server, in milliseconds (10000 when not set).",
  from: "The sender's address.",
  to: "The recipients' addresses, separated by semicolons.",
  cc: "Carbon-copy recipients, separated by semicolons.",
  subject: "The subject.",
  htmlTextContent: "The HTML body (email clients that support HTML show it rather than the plain text).",
  plainTextContent: "The plain-text body.",
  attachments: "Files to attach: a list of `name`, `uri` (a kestra:/// file of this execution) and `contentType` (application/octet-stream when not set), or JSON text of such a list.",
  embeddedImages: "Images the HTML body can show with `cid:<name>`: a list of `name`, `uri` and `contentType`, like attachments.",
};

export const NOTIFICATION_TASK_DOCS: DocsByType = {
  [`${N}.slack.SlackIncomingWebhook`]: entry(
    "Sends a Slack message through an incoming webhook." + NO_OUTPUTS,
    { ...WEBHOOK, messageText: "A plain message, sent as {\"text\": ...}; `payload` is used when both are set." },
    `- id: alert_on_failure\n  type: ${N}.slack.SlackIncomingWebhook\n  url: "{{ secret('SLACK_WEBHOOK') }}"\n  payload: |\n    {\n      "text": "Failure alert for flow {{ flow.namespace }}.{{ flow.id }} with ID {{ execution.id }}"\n    }`,
  ),
  [`${N}.slack.SlackExecution`]: entry(
    "Sends a Slack message summarizing an execution; use it in a flow with a Flow trigger." + SUMMARY,
    {
      ...WEBHOOK,
      ...EXECUTION,
      payload: "Not used: the message is the execution's summary.",
      channel: "The channel to post to.",
      username: "The author shown.",
      iconUrl: "The URL of the icon shown.",
      iconEmoji: "The emoji shown as icon.",
    },
    `- id: send_alert\n  type: ${N}.slack.SlackExecution\n  url: "{{ secret('SLACK_WEBHOOK') }}"\n  executionId: "{{ trigger.executionId }}"`,
  ),
  [`${N}.teams.TeamsIncomingWebhook`]: entry(
    "Sends a Microsoft Teams message through an incoming webhook." + NO_OUTPUTS,
    WEBHOOK,
    `- id: teams\n  type: ${N}.teams.TeamsIncomingWebhook\n  url: "{{ secret('TEAMS_WEBHOOK') }}"\n  payload: |\n    {\n      "@type": "MessageCard",\n      "@context": "http://schema.org/extensions",\n      "text": "Hello from the flow {{ flow.id }}"\n    }`,
  ),
  [`${N}.teams.TeamsExecution`]: entry(
    "Sends a Microsoft Teams message card summarizing an execution; use it in a flow with a Flow trigger." + SUMMARY,
    {
      ...WEBHOOK,
      ...EXECUTION,
      payload: "Not used: the message is the execution's summary.",
      themeColor: "The card's color (0076D7 when not set).",
      activityTitle: "The card section's title.",
      activitySubtitle: "The card section's subtitle.",
    },
    `- id: send_alert\n  type: ${N}.teams.TeamsExecution\n  url: "{{ secret('TEAMS_WEBHOOK') }}"\n  executionId: "{{ trigger.executionId }}"\n  activityTitle: "Kestra Teams notification"`,
  ),
  [`${N}.discord.DiscordIncomingWebhook`]: entry(
    "Sends a Discord message through an incoming webhook." + NO_OUTPUTS,
    WEBHOOK,
    `- id: discord\n  type: ${N}.discord.DiscordIncomingWebhook\n  url: "{{ secret('DISCORD_WEBHOOK') }}"\n  payload: |\n    {\n      "username": "MyUsername",\n      "content": "Failure alert for flow {{ flow.namespace }}.{{ flow.id }} with ID {{ execution.id }}"\n    }`,
  ),
  [`${N}.discord.DiscordExecution`]: entry(
    "Sends a Discord message with an embed summarizing an execution; use it in a flow with a Flow trigger." + SUMMARY,
    {
      ...WEBHOOK,
      ...EXECUTION,
      payload: "When set, sent as it is instead of the summary.",
      username: "The webhook's user name.",
      avatarUrl: "The webhook's avatar URL.",
      content: "The message's text.",
      embedList: "Embeds added before the summary: each with title, websiteUrl, description, thumbnail, authorName, color ([r, g, b]) and footer.",
    },
    `- id: send_alert\n  type: ${N}.discord.DiscordExecution\n  url: "{{ secret('DISCORD_WEBHOOK') }}"\n  executionId: "{{ trigger.executionId }}"\n  username: Kestra\n  content: "Execution summary"`,
  ),
  [`${N}.google.GoogleChatIncomingWebhook`]: entry(
    "Sends a Google Chat message through an incoming webhook." + NO_OUTPUTS,
    WEBHOOK,
    `- id: google_chat\n  type: ${N}.google.GoogleChatIncomingWebhook\n  url: "{{ secret('GOOGLE_WEBHOOK') }}"\n  payload: |\n    {\n      "text": "Hello from the flow {{ flow.id }}"\n    }`,
  ),
  [`${N}.google.GoogleChatExecution`]: entry(
    "Sends a Google Chat message summarizing an execution; use it in a flow with a Flow trigger." + SUMMARY,
    { ...WEBHOOK, ...EXECUTION, payload: "Not used: the message is the execution's summary.", text: "When set, the message's text instead of the summary." },
    `- id: send_alert\n  type: ${N}.google.GoogleChatExecution\n  url: "{{ secret('GOOGLE_WEBHOOK') }}"\n  executionId: "{{ trigger.executionId }}"`,
  ),
  [`${N}.zulip.ZulipIncomingWebhook`]: entry(
    "Sends a Zulip message through an incoming webhook (Zulip's Slack-compatible integration takes Slack's payloads)." + NO_OUTPUTS,
    WEBHOOK,
    `- id: zulip\n  type: ${N}.zulip.ZulipIncomingWebhook\n  url: "{{ secret('ZULIP_WEBHOOK') }}"\n  payload: |\n    {\n      "text": "Hello from the flow {{ flow.id }}"\n    }`,
  ),
  [`${N}.zulip.ZulipExecution`]: entry(
    "Sends a Zulip message summarizing an execution (Slack's format, through Zulip's Slack-compatible webhook); use it in a flow with a Flow trigger." + SUMMARY,
    {
      ...WEBHOOK,
      ...EXECUTION,
      payload: "Not used: the message is the execution's summary.",
      channel: "The channel to post to.",
      username: "The author shown.",
      iconUrl: "The URL of the icon shown.",
      iconEmoji: "The emoji shown as icon.",
    },
    `- id: send_alert\n  type: ${N}.zulip.ZulipExecution\n  url: "{{ secret('ZULIP_WEBHOOK') }}"\n  executionId: "{{ trigger.executionId }}"`,
  ),
  [`${N}.mail.MailSend`]: entry(
    "Sends an email through an SMTP server, with attachments from the internal storage. No outputs.",
    MAIL,
    `- id: send_email\n  type: ${N}.mail.MailSend\n  from: hello@example.com\n  to: team@example.com\n  username: "{{ secret('EMAIL_USERNAME') }}"\n  password: "{{ secret('EMAIL_PASSWORD') }}"\n  host: mail.example.com\n  port: 465\n  subject: "Report of {{ flow.id }}"\n  htmlTextContent: "The report is attached."\n  attachments:\n    - name: report.csv\n      uri: "{{ outputs.export.uri }}"\n      contentType: text/csv`,
  ),
  [`${N}.mail.MailExecution`]: entry(
    "Sends an email summarizing an execution (HTML and plain text); use it in a flow with a Flow trigger." + SUMMARY,
    { ...MAIL, ...EXECUTION, htmlTextContent: "Not used: the body is the execution's summary.", plainTextContent: "Not used: the body is the execution's summary." },
    `- id: send_alert\n  type: ${N}.mail.MailExecution\n  to: team@example.com\n  from: hello@example.com\n  subject: "The execution {{ trigger.executionId }} failed"\n  host: mail.example.com\n  port: 465\n  username: "{{ secret('EMAIL_USERNAME') }}"\n  password: "{{ secret('EMAIL_PASSWORD') }}"\n  executionId: "{{ trigger.executionId }}"`,
  ),
};
