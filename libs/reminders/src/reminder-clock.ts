/**
 * The reminders' notion of "now". Production leaves it alone; tests move it to see each reminder fire at its
 * time without waiting for days.
 */
export const reminderClock = {
  now: (): Date => new Date(),
};
