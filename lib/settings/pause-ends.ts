/**
 * When a pause chosen in one click ends, in the clock of whoever runs this: the browser, so that
 * "tomorrow 8:00" is 8:00 where the person is.
 */
export const pauseEnds = {
  oneHour: (now: Date) => new Date(now.getTime() + 60 * 60 * 1000),
  tomorrowMorning: (now: Date) => {
    const end = new Date(now);
    end.setDate(end.getDate() + 1);
    end.setHours(8, 0, 0, 0);
    return end;
  },
};

/** A `datetime-local` field's value (local time, to the minute) for a moment, and back. */
export const toLocalInput = (date: Date) => {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
};
