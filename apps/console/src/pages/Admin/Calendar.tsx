import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CalendarDayKind, CalendarDayView } from '@jyg12345/shared';
import { Button, Card, Form, Input, InputNumber, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ErrorText } from '../../components/ErrorText';
import { calendarKeys, calendarService } from '../../services/calendar';
import { AdminColumns, AdminTable, useAdminSave } from './admin-kit';

const KIND_LABELS: Record<CalendarDayKind, string> = { holiday: '节假日（休息）', workday: '调休上班' };

/** The year's exceptions to the Monday–Friday week: holidays and make-up workdays (deadlines count working time). */
export default function CalendarPage() {
  const [year, setYear] = useState(new Date().getFullYear());
  const queryClient = useQueryClient();
  const days = useQuery({ queryKey: calendarKeys.year(year), queryFn: () => calendarService.year(year) });
  const [form] = Form.useForm<{ date: string; kind: CalendarDayKind; name: string }>();
  const save = useAdminSave(form, {
    save: (v: { date: string; kind: CalendarDayKind; name: string }) => calendarService.put(v.date, { kind: v.kind, name: v.name.trim() }),
    queryKey: calendarKeys.all,
    fields: ['date', 'kind', 'name'],
    success: (d) => `已保存 ${d.date} ${KIND_LABELS[d.kind]}`,
    done: () => form.resetFields(['date', 'name']),
  });
  const remove = useMutation({
    mutationFn: calendarService.remove,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: calendarKeys.all }),
  });
  return (
    <AdminColumns
      span={15}
      main={
        <Card
          title="工作日历"
          extra={
            <Space>
              年份
              <InputNumber min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} aria-label="年份" />
            </Space>
          }
        >
          <AdminTable<CalendarDayView>
            query={days}
            empty={`${year} 年尚未设置节假日`}
            rowKey="date"
            columns={[
              { title: '日期', dataIndex: 'date', width: 130 },
              { title: '星期', key: 'weekday', width: 80, render: (_, d) => '日一二三四五六'[new Date(`${d.date}T00:00:00`).getDay()] },
              { title: '类型', key: 'kind', width: 150, render: (_, d) => <Tag color={d.kind === 'holiday' ? 'red' : 'blue'}>{KIND_LABELS[d.kind]}</Tag> },
              { title: '名称', dataIndex: 'name' },
              {
                title: '操作',
                key: 'op',
                width: 90,
                render: (_, d) => (
                  <Popconfirm title={`删除 ${d.date}？`} onConfirm={() => remove.mutate(d.date)}>
                    <Button size="small" danger>
                      删除
                    </Button>
                  </Popconfirm>
                ),
              },
            ]}
          />
        </Card>
      }
      side={
        <Card title="添加或修改一天">
          <Form form={form} layout="vertical" initialValues={{ kind: 'holiday' }} onFinish={(v) => save.mutate(v)} name="calendar">
            <Form.Item name="date" label="日期" rules={[{ required: true, message: '请输入日期' }, { pattern: /^\d{4}-\d{2}-\d{2}$/, message: '格式：2026-10-01' }]}>
              <Input placeholder="2026-10-01" />
            </Form.Item>
            <Form.Item name="kind" label="类型">
              <Select options={(['holiday', 'workday'] as const).map((k) => ({ value: k, label: KIND_LABELS[k] }))} />
            </Form.Item>
            <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请输入名称，如 国庆节' }]}>
              <Input maxLength={50} placeholder="国庆节" />
            </Form.Item>
            <ErrorText error={save.error} fields={['date', 'kind', 'name']} />
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              保存
            </Button>
          </Form>
          <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
            周一至周五默认为工作日。新设置的节假日用于此后计算的办理时限。
          </Typography.Paragraph>
        </Card>
      }
    />
  );
}
