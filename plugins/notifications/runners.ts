import type { TaskRunner } from "../../lib/executions/tasks/types";
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

export const NOTIFICATION_RUNNERS: Readonly<Record<string, TaskRunner>> = {
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
};
