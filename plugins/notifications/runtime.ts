import type { PluginRuntime } from "../../lib/plugins/types";
import { N } from "./catalogue";
import {
  discordExecutionTask,
  discordIncomingWebhookTask,
  googleChatExecutionTask,
  googleChatIncomingWebhookTask,
  slackExecutionTask,
  slackIncomingWebhookTask,
  teamsExecutionTask,
  teamsIncomingWebhookTask,
  zulipExecutionTask,
  zulipIncomingWebhookTask,
} from "./chat";
import { mailExecutionTask, mailSendTask } from "./mail";

export const runtime: PluginRuntime = {
  id: "notifications",
  runners: {
    [`${N}.slack.SlackIncomingWebhook`]: slackIncomingWebhookTask,
    [`${N}.slack.SlackExecution`]: slackExecutionTask,
    [`${N}.teams.TeamsIncomingWebhook`]: teamsIncomingWebhookTask,
    [`${N}.teams.TeamsExecution`]: teamsExecutionTask,
    [`${N}.discord.DiscordIncomingWebhook`]: discordIncomingWebhookTask,
    [`${N}.discord.DiscordExecution`]: discordExecutionTask,
    [`${N}.google.GoogleChatIncomingWebhook`]: googleChatIncomingWebhookTask,
    [`${N}.google.GoogleChatExecution`]: googleChatExecutionTask,
    [`${N}.zulip.ZulipIncomingWebhook`]: zulipIncomingWebhookTask,
    [`${N}.zulip.ZulipExecution`]: zulipExecutionTask,
    [`${N}.mail.MailSend`]: mailSendTask,
    [`${N}.mail.MailExecution`]: mailExecutionTask,
  },
};
