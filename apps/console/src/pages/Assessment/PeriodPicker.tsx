import { Input, Segmented, Space, Typography } from 'antd';
import { type PeriodKind, PERIOD_KINDS, PERIOD_LABELS, type PeriodQuery } from '../../services/assessment';

/** A period: week, 旬, month, quarter, year (the one holding the chosen day), or any range of days (China dates). */
export function PeriodPicker({ value, onChange, label }: { value: PeriodQuery; onChange: (q: PeriodQuery) => void; label?: string }) {
  const setKind = (period: PeriodKind) => onChange(period === 'range' ? { period, date: value.date, to: value.to ?? value.date } : { period, date: value.date });
  return (
    <Space size={12} wrap>
      <Segmented<PeriodKind> value={value.period} onChange={setKind} options={PERIOD_KINDS.map((k) => ({ value: k, label: PERIOD_LABELS[k] }))} data-testid="period-kind" />
      <Input
        type="date"
        aria-label={value.period === 'range' ? '开始日期' : '日期'}
        value={value.date}
        onChange={(e) => e.target.value && onChange({ ...value, date: e.target.value, ...(value.to && value.to < e.target.value ? { to: e.target.value } : {}) })}
        style={{ width: 160 }}
      />
      {value.period === 'range' && (
        <>
          <Typography.Text>至</Typography.Text>
          <Input
            type="date"
            aria-label="结束日期"
            min={value.date}
            value={value.to}
            onChange={(e) => e.target.value && onChange({ ...value, to: e.target.value })}
            style={{ width: 160 }}
          />
        </>
      )}
      {label && (
        <Typography.Text strong data-testid="period-label">
          {label}
        </Typography.Text>
      )}
    </Space>
  );
}
