/** Injection tokens shared by the api and the worker. */
export const APP_CONFIG = Symbol('AppConfig');
export const EVENT_STORE = Symbol('EventStore');
export const ROOT_LOGGER = Symbol('RootLogger');
export const READ_DB = Symbol('ReadModelDatabase');
