import mongoose, { type InferSchemaType, Schema } from 'mongoose';

export const INBOUND_STATUSES = ['received', 'processing', 'processed', 'failed'] as const;
export type InboundStatus = (typeof INBOUND_STATUSES)[number];

/**
 * Every valid callback, stored before WeCom gets its answer ("store before acknowledge"), so a crash
 * after the ack loses nothing: `recoverPending` finishes whatever is still received/processing.
 * The MsgId is the document `_id`: dedupe (duplicate key on insert), lease renewal and finishing are
 * `_id` lookups, the only filter the embedded FerretDB answers from an index (README "Performance").
 * `msgId` stays as a field (and unique index) for readers and for documents stored before this change.
 */
const inboundMessageSchema = new Schema(
  {
    _id: {
      type: String,
      // Function defaults run after the given fields are set, so msgId is there already.
      default(this: { msgId?: string }) {
        return this.msgId;
      },
    },
    msgId: { type: String, required: true, unique: true },
    /** robot / aibot: the two callbacks; aibot-ws: the 智能机器人 long connection. */
    channel: { type: String, enum: ['robot', 'aibot', 'aibot-ws'], required: true },
    /** How the callback arrived, needed to answer a retry in the same format. */
    format: { type: String, enum: ['xml', 'json'], default: 'xml' },
    /** The decrypted plaintext exactly as WeCom sent it (数出有据). */
    raw: { type: String, required: true },
    chatId: { type: String, index: true },
    chatType: { type: String, required: true },
    userId: { type: String, default: '' },
    userName: { type: String },
    kind: { type: String, required: true },
    text: { type: String },
    imageUrls: { type: [String], default: [] },
    eventType: { type: String },
    webhookUrl: { type: String },
    responseUrl: { type: String },
    /** Long connection: the frame's req_id, which a reply to the message carries. */
    reqId: { type: String },
    /** Voice: the text is WeCom's transcription. */
    fromVoice: { type: Boolean },
    /** Long connection: the key of each encrypted image URL, in order. */
    imageAesKeys: { type: [String], default: undefined },
    /** A template-card button press: task id, button key, card type, selections. */
    cardAction: { type: Schema.Types.Mixed },
    status: { type: String, enum: INBOUND_STATUSES, default: 'received', index: true },
    /** Until when the current processor owns the message; a retry may take it over afterwards. */
    leaseUntil: { type: Date },
    /** host:pid of the process holding the lease, so a restart can tell a dead owner at once. */
    owner: { type: String },
    attempts: { type: Number, default: 0 },
    /** What the bot answered: text/markdown in full, images and files as a summary. */
    replies: { type: [Schema.Types.Mixed], default: [] },
    /** sync = in the callback response; webhook = through the outbound queue. */
    delivery: { type: String, enum: ['sync', 'webhook', 'none'] },
    error: { type: String },
    receivedAt: { type: Date, required: true },
    processedAt: { type: Date },
  },
  { timestamps: true },
);

export type InboundMessageDoc = InferSchemaType<typeof inboundMessageSchema>;
export const InboundMessageModel = mongoose.model('InboundMessage', inboundMessageSchema);
