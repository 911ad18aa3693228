export * from './reminder-texts.js';
export * from './mail.channel.js';
export * from './webhook.channel.js';
export * from './recipients.js';
