import { useMutation } from '@tanstack/react-query';
import { ErrorCode } from '@jyg12345/shared';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { accessOf } from '../access';
import { useSession } from '../hooks/session';
import { authService } from '../services/auth';
import { isApiError, messageOf } from '../services/http';
import { setSession } from '../services/session';

const mayUseConsole = (user: Parameters<typeof accessOf>[0]) => {
  const a = accessOf(user);
  return a.centre || a.topics;
};

export function LoginPage() {
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const from = params.get('from');
  const target = from && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/login') ? from : '/';
  const login = useMutation({
    mutationFn: (v: { username: string; password: string }) => authService.loginStaff(v.username.trim(), v.password),
    onSuccess: (auth) => {
      // The console is the centre's; unit handlers work in the mini-program and see here only their 每月一题.
      if (!mayUseConsole(auth.user)) return;
      setSession(auth);
      navigate(target, { replace: true });
    },
  });
  if (session && !login.isPending) return <Navigate to={target} replace />;
  const error = login.error;
  const notCentre = login.data && !mayUseConsole(login.data.user);
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: 'linear-gradient(180deg,#e8f0fb,#f7f9fc)' }}>
      <Card style={{ width: 400 }}>
        <Typography.Title level={3} style={{ textAlign: 'center' }}>
          嘉峪关 12345 工作台
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          话务、督办与管理人员登录
        </Typography.Paragraph>
        {params.get('expired') && <Alert type="warning" showIcon message="登录已过期，请重新登录，登录后将回到原页面" style={{ marginBottom: 16 }} />}
        {notCentre && <Alert type="info" showIcon message="承办单位人员请使用小程序办理工单" style={{ marginBottom: 16 }} />}
        <Form layout="vertical" onFinish={(v: { username: string; password: string }) => login.mutate(v)} requiredMark={false}>
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input autoFocus autoComplete="username" />
          </Form.Item>
          <Form.Item
            name="password"
            label="密码"
            rules={[{ required: true, message: '请输入密码' }]}
            validateStatus={error ? 'error' : undefined}
            help={
              error
                ? isApiError(error) && error.code === ErrorCode.INVALID_CREDENTIALS
                  ? '用户名或密码错误'
                  : messageOf(error)
                : undefined
            }
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending}>
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
