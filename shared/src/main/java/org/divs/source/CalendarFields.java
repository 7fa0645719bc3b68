package org.divs.source;

/**
 * The calendar of one step of a count series, as the LSTM's features need it: time of day and a
 * weekend-or-holiday flag.
 *
 * @param minuteOfDay minutes since local midnight, in [0, 1440)
 * @param dayOfWeek 0 = Monday ... 6 = Sunday
 * @param holiday whether the day is a public holiday
 */
public record CalendarFields(int minuteOfDay, int dayOfWeek, boolean holiday) {
  /** Checks the ranges. */
  public CalendarFields {
    if (minuteOfDay < 0 || minuteOfDay >= 1440) {
      throw new IllegalArgumentException("minute of day out of [0, 1440): " + minuteOfDay);
    }
    if (dayOfWeek < 0 || dayOfWeek > 6) {
      throw new IllegalArgumentException("day of week out of [0, 6]: " + dayOfWeek);
    }
  }

  /** Whether the day is a Saturday, a Sunday or a holiday. */
  public boolean weekendOrHoliday() {
    return holiday || dayOfWeek >= 5;
  }

  /** The hour of day, 0 to 23. */
  public int hour() {
    return minuteOfDay / 60;
  }
}
