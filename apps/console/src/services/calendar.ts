import type { CalendarDayKind, CalendarDayView } from '@jyg12345/shared';
import { http } from './http';

export const calendarKeys = {
  all: ['calendar'] as const,
  year: (year: number) => [...calendarKeys.all, year] as const,
};

export const calendarService = {
  year: (year: number) => http.get<CalendarDayView[]>('/calendar', { year }),
  put: (date: string, body: { kind: CalendarDayKind; name: string }) => http.put<CalendarDayView>(`/calendar/${date}`, body),
  remove: (date: string) => http.delete<void>(`/calendar/${date}`),
};
