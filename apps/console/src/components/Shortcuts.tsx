import { Space, Typography } from 'antd';

/** The page's keyboard shortcuts, always on screen. */
export function Shortcuts({ items }: { items: [keys: string, what: string][] }) {
  return (
    <Space size={16} wrap data-testid="shortcuts" style={{ padding: '6px 12px', background: '#f6f8fa', border: '1px solid #e8e8e8', borderRadius: 4, width: '100%' }}>
      {items.map(([keys, what]) => (
        <span key={keys}>
          {keys.split('+').map((k, i) => (
            <span key={k}>
              {i > 0 && '+'}
              <Typography.Text keyboard>{k}</Typography.Text>
            </span>
          ))}{' '}
          <Typography.Text type="secondary">{what}</Typography.Text>
        </span>
      ))}
    </Space>
  );
}
