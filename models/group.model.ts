import mongoose, { type InferSchemaType, Schema } from 'mongoose';
import { SUBSCRIPTIONS } from '../src/domain/vocabulary.ts';

/**
 * A WeCom group the robot is in. Created by the import (群聊 sheet) or learned from the first
 * callback (ChatId, WebhookUrl); the two meet on chatId or webhookKey.
 */
const groupSchema = new Schema(
  {
    /** 群名称: the import's key. Groups learned from callbacks get "群聊 <chatid>" until named. */
    name: { type: String, required: true },
    /** 县区 (src/domain/county.ts): absent = the deployment's home county; 全市 = the city. */
    // Stored as null rather than left out: the embedded FerretDB's unique index counts two nulls as
    // the same key, but not two missing fields.
    county: { type: String, trim: true, default: null },
    chatId: { type: String, index: true },
    /** The robot's webhook key (never the full URL: the URL is derived from WECOM_API_BASE). */
    webhookKey: { type: String, index: true },
    subscriptions: { type: [String], enum: SUBSCRIPTIONS, default: [] },
    /** 关联项目: project codes; `allProjects` stands for 全部. */
    projectCodes: { type: [String], default: [] },
    allProjects: { type: Boolean, default: false },
    /** false after delete_from_chat: nothing is pushed to it any more. */
    active: { type: Boolean, default: true },
    /** Set when WeCom answered 93000 (invalid webhook url) for this key. */
    webhookBrokenAt: { type: Date },
    lastSeenAt: { type: Date },
  },
  { timestamps: true },
);

// 群名称 is unique within a county.
groupSchema.index({ county: 1, name: 1 }, { unique: true });

export type Group = InferSchemaType<typeof groupSchema>;
export const GroupModel = mongoose.model('Group', groupSchema);
