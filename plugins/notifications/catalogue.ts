import { z } from "zod";
import { dynInteger, dynMap, dynOneOf, kinded, nonEmptyText, opt, text } from "../../lib/flows/validation/catalogue/props";
import type { TaskEntry } from "../../lib/flows/validation/catalogue/types";

// io.kestra.plugin.notifications: the chat services' incoming webhooks (Slack, Microsoft Teams,
// Discord, Google Chat, Zulip) and e-mail over SMTP, each with its `*Execution` variant that sends a
// summary of an execution.

export const N = "io.kestra.plugin.notifications";

/** `attachments` / `embeddedImages`: a list of {name, uri, contentType}, or text holding one as JSON (an expression's result). */
const fileList = kinded(
  z.unknown().refine((v) => typeof v === "string" || Array.isArray(v), { error: "must be a list of {name, uri, contentType}, or a {{ expression }} giving one as JSON" }),
  { kind: "list", dynamic: true },
);

const webhook = {
  url: nonEmptyText,
  payload: opt(text),
  // connectTimeout, readIdleTimeout, maxContentLength, defaultCharset, headers ...
  options: opt(dynMap),
};

/** What every `*Execution` task adds: which execution, and what to add to its summary. */
const executionSummary = {
  executionId: opt(text),
  customFields: opt(dynMap),
  customMessage: opt(text),
  templateRenderMap: opt(dynMap),
};

export const TRANSPORT_STRATEGIES = ["SMTP", "SMTPS", "SMTP_TLS", "SMTP_OAUTH2"] as const;

const mail = {
  host: nonEmptyText,
  port: opt(dynInteger),
  username: opt(text),
  password: opt(text),
  transportStrategy: opt(dynOneOf(TRANSPORT_STRATEGIES)),
  sessionTimeout: opt(dynInteger),
  from: nonEmptyText,
  to: nonEmptyText,
  cc: opt(text),
  subject: opt(text),
  htmlTextContent: opt(text),
  plainTextContent: opt(text),
  attachments: opt(fileList),
  embeddedImages: opt(fileList),
};

export const slackIncomingWebhook: TaskEntry = { type: `${N}.slack.SlackIncomingWebhook`, shape: { ...webhook, messageText: opt(text) } };
export const slackExecution: TaskEntry = {
  type: `${N}.slack.SlackExecution`,
  shape: { ...webhook, ...executionSummary, channel: opt(text), username: opt(text), iconUrl: opt(text), iconEmoji: opt(text) },
};
export const teamsIncomingWebhook: TaskEntry = { type: `${N}.teams.TeamsIncomingWebhook`, shape: webhook };
export const teamsExecution: TaskEntry = {
  type: `${N}.teams.TeamsExecution`,
  shape: { ...webhook, ...executionSummary, themeColor: opt(text), activityTitle: opt(text), activitySubtitle: opt(text) },
};
export const discordIncomingWebhook: TaskEntry = { type: `${N}.discord.DiscordIncomingWebhook`, shape: webhook };
const embed = z.strictObject({
  title: opt(text),
  websiteUrl: opt(text),
  description: opt(text),
  thumbnail: opt(text),
  authorName: opt(text),
  color: opt(z.array(z.number().int().min(0).max(255), { error: "must be a list of three numbers from 0 to 255 (red, green, blue)" })),
  footer: opt(text),
});
export const discordExecution: TaskEntry = {
  type: `${N}.discord.DiscordExecution`,
  shape: { ...webhook, ...executionSummary, username: opt(text), avatarUrl: opt(text), content: opt(text), embedList: opt(z.array(embed, { error: "must be a list of embeds" })) },
};
export const googleChatIncomingWebhook: TaskEntry = { type: `${N}.google.GoogleChatIncomingWebhook`, shape: webhook };
export const googleChatExecution: TaskEntry = { type: `${N}.google.GoogleChatExecution`, shape: { ...webhook, ...executionSummary, text: opt(text) } };
export const zulipIncomingWebhook: TaskEntry = { type: `${N}.zulip.ZulipIncomingWebhook`, shape: webhook };
export const zulipExecution: TaskEntry = {
  type: `${N}.zulip.ZulipExecution`,
  shape: { ...webhook, ...executionSummary, channel: opt(text), username: opt(text), iconUrl: opt(text), iconEmoji: opt(text) },
};
export const mailSend: TaskEntry = { type: `${N}.mail.MailSend`, shape: mail };
export const mailExecution: TaskEntry = { type: `${N}.mail.MailExecution`, shape: { ...mail, ...executionSummary } };

export const NOTIFICATION_TASKS: readonly TaskEntry[] = [
  slackIncomingWebhook,
  slackExecution,
  teamsIncomingWebhook,
  teamsExecution,
  discordIncomingWebhook,
  discordExecution,
  googleChatIncomingWebhook,
  googleChatExecution,
  zulipIncomingWebhook,
  zulipExecution,
  mailSend,
  mailExecution,
];

export const NOTIFICATION_GROUPS = [`${N}.slack`, `${N}.teams`, `${N}.discord`, `${N}.google`, `${N}.zulip`, `${N}.mail`] as const;
