/** The long connection's media rules live with the domain (the outbound queue and evidence use them too). */
export * from '../../domain/aibot-media.ts';
