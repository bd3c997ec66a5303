import { Button, Layout, Menu, Space, Spin, Typography } from 'antd';
import { Suspense } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useAccess, useSession } from '../hooks/session';
import { MENU_GROUPS, ROUTES } from '../routes';
import { setSession } from '../services/session';
import { STAFF_ROLE_LABELS } from '../services/staff';
import type { StaffRole } from '@jyg12345/shared';

/** The frame every signed-in page sits in: a side menu of what the role may see, and who is signed in. */
export function ConsoleLayout() {
  const session = useSession();
  const access = useAccess();
  const location = useLocation();
  const navigate = useNavigate();
  const visible = ROUTES.filter((r) => r.group && access[r.access]);
  const items = MENU_GROUPS.map((group) => ({
    type: 'group' as const,
    key: group,
    label: group,
    children: visible.filter((r) => r.group === group).map((r) => ({ key: r.path, label: r.title })),
  })).filter((g) => g.children.length > 0);
  const selected = visible.filter((r) => location.pathname === r.path || location.pathname.startsWith(`${r.path}/`)).map((r) => r.path);
  const role = session?.user.role;

  return (
    <Layout style={{ minHeight: '100vh', minWidth: 1280 }}>
      <Layout.Sider width={208} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
        <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 16 }}>嘉峪关 12345 工作台</div>
        <Menu mode="inline" items={items} selectedKeys={selected} onClick={({ key }) => navigate(key)} aria-label="主菜单" />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', borderBottom: '1px solid #f0f0f0', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', paddingInline: 24 }}>
          <Space>
            <Typography.Text data-testid="current-user">
              {session?.user.displayName}
              {role && role !== 'resident' ? `（${STAFF_ROLE_LABELS[role as StaffRole]}）` : ''}
            </Typography.Text>
            <Button
              size="small"
              onClick={() => {
                setSession(null);
                navigate('/login');
              }}
            >
              退出登录
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <Suspense fallback={<Spin size="large" style={{ display: 'block', marginTop: 80 }} />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
