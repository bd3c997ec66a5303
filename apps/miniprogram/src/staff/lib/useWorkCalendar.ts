import { useEffect, useState } from 'react';
import { loadWorkCalendar, WEEKDAY_CALENDAR, type WorkCalendar } from './deadline';

/** The city's working-day calendar; weekday rules until it has loaded (or if it cannot be). */
export function useWorkCalendar(): WorkCalendar {
  const [cal, setCal] = useState<WorkCalendar>(WEEKDAY_CALENDAR);
  useEffect(() => {
    let live = true;
    loadWorkCalendar()
      .then((c) => live && setCal(c))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return cal;
}
