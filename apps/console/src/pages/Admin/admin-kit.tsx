import { type QueryKey, type UseQueryResult, useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Form, type FormInstance, Modal, Row, Switch, Table, Tag } from 'antd';
import type { ColumnsType, ColumnType, TablePaginationConfig } from 'antd/es/table';
import type { ReactNode } from 'react';
import { apiFieldErrors, ErrorText } from '../../components/ErrorText';
import { QueryState } from '../../components/QueryState';

/**
 * A save from an admin form: on success the lists under `queryKey` are read again, the success message shows
 * and `done` runs (closing the dialog); the API's field errors go onto the form's `fields`.
 */
export function useAdminSave<V, R>(
  form: FormInstance,
  { save, queryKey, fields, done, success = () => '已保存' }: { save: (values: V) => Promise<R>; queryKey: QueryKey; fields: readonly string[]; done?: (result: R) => void; success?: ((result: R) => string) | null },
) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return useMutation({
    mutationFn: save,
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey });
      if (success) void message.success(success(result));
      done?.(result);
    },
    onError: (error) => form.setFields(apiFieldErrors(error, [...fields])),
  });
}

/**
 * An admin dialog around a vertical form: OK validates the form and saves what it holds (an invalid form shows
 * its own messages); the save's error shows under the fields, those it names on them.
 */
export function AdminModal<V>({
  title,
  form,
  save,
  fields,
  onClose,
  initialValues,
  name,
  width,
  children,
}: {
  title: ReactNode;
  form: FormInstance<V>;
  save: { mutate: (values: V) => void; isPending: boolean; error: unknown };
  fields: readonly string[];
  onClose: () => void;
  initialValues: object;
  name?: string;
  width?: number;
  children: ReactNode;
}) {
  return (
    <Modal open width={width} title={title} onCancel={onClose} onOk={() => form.validateFields().then((v) => save.mutate(v), () => undefined)} confirmLoading={save.isPending}>
      <Form form={form} name={name} layout="vertical" initialValues={initialValues}>
        {children}
        <ErrorText error={save.error} fields={[...fields]} />
      </Form>
    </Modal>
  );
}

/** 启用: the switch an edited row's dialog carries. */
export function ActiveSwitch() {
  return (
    <Form.Item name="active" label="启用" valuePropName="checked">
      <Switch />
    </Form.Item>
  );
}

/** 状态: 启用 or 停用. */
export function activeColumn<T extends { active: boolean }>(width: number): ColumnType<T> {
  return { title: '状态', key: 'active', width, render: (_, row) => (row.active ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>) };
}

/** 操作: 编辑, opening the row's dialog. */
export function editColumn<T>(width: number, edit: (row: T) => void): ColumnType<T> {
  return {
    title: '操作',
    key: 'op',
    width,
    render: (_, row) => (
      <Button size="small" onClick={() => edit(row)}>
        编辑
      </Button>
    ),
  };
}

/** 20 rows a page, the page size fixed. */
export const PAGED: TablePaginationConfig = { pageSize: 20, showSizeChanger: false };

/** An admin list: the query's loading, error and empty states, then a small table of its rows (`shown` filters them). */
export function AdminTable<T extends object>({
  query,
  empty,
  columns,
  shown = () => true,
  rowKey = 'id',
  pagination = false,
}: {
  query: UseQueryResult<T[]>;
  empty: ReactNode;
  columns: ColumnsType<T>;
  shown?: (row: T) => boolean;
  rowKey?: string;
  pagination?: false | TablePaginationConfig;
}) {
  return (
    <QueryState query={query} isEmpty={(d) => d.length === 0} empty={empty}>
      {(rows) => <Table<T> rowKey={rowKey} size="small" dataSource={rows.filter(shown)} pagination={pagination} columns={columns} />}
    </QueryState>
  );
}

/** An admin page in two columns: `main` (`span` of 24) and `side`, 16 px apart. */
export function AdminColumns({ span, main, side }: { span: number; main: ReactNode; side: ReactNode }) {
  return (
    <Row gutter={16}>
      <Col span={span}>{main}</Col>
      <Col span={24 - span}>{side}</Col>
    </Row>
  );
}
