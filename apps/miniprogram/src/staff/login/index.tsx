import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, View } from '@tarojs/components';
import { ErrorCode } from '@jyg12345/shared';
import { errorMessage } from '../../components/ErrorText';
import { InputCell } from '../../components/FormCells';
import { Page } from '../../components/Page';
import { ApiError } from '../../services/api-error';
import { staffLogin, staffSession } from '../lib/session';
import './index.scss';

/** 工作人员登录: centre and unit staff sign in with their account; residents never need this page. */
export default function StaffLoginPage() {
  const signedIn = staffSession.get();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async () => {
    if (submitting) return;
    if (!username.trim() || !password) {
      setError('请输入账号和密码');
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      await staffLogin(username.trim(), password);
      void Taro.redirectTo({ url: '/staff/queue/index' });
    } catch (e) {
      const wrong = e instanceof ApiError && (e.status === 401 || e.code === ErrorCode.INVALID_CREDENTIALS);
      setError(wrong ? '账号或密码错误' : errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Page title="工作人员登录" className="staff-login">
      <View className="staff-login__head">
        <View className="staff-login__title">接诉即办 · 工作人员</View>
        <View className="staff-login__desc">承办单位和 12345 中心工作人员使用单位分配的账号登录</View>
      </View>

      {signedIn ? (
        <View className="notice staff-login__current">
          当前已登录：{signedIn.user.displayName}
          <View
            className="link staff-login__continue"
            onClick={() => void Taro.redirectTo({ url: '/staff/queue/index' })}
          >
            进入工作台
          </View>
        </View>
      ) : null}

      <View className="cells__title">账号登录</View>
      <View className="cells">
        <InputCell
          label="账号"
          className="staff-login__username"
          value={username}
          placeholder="请输入账号"
          maxlength={64}
          onInput={(value) => {
            setUsername(value);
            setError(null);
          }}
        />
        <InputCell
          label="密码"
          className="staff-login__password"
          password
          value={password}
          placeholder="请输入密码"
          maxlength={128}
          onInput={(value) => {
            setPassword(value);
            setError(null);
          }}
          onConfirm={() => void submit()}
        />
      </View>
      {error ? (
        <View className="field-error staff-login__error" role="alert">
          {error}
        </View>
      ) : null}

      <View className="btn-area">
        <Button className={`btn btn--primary ${submitting ? 'btn--disabled' : ''}`} disabled={submitting || undefined} onClick={() => void submit()}>
          {submitting ? '正在登录…' : '登录'}
        </Button>
      </View>
      <View className="staff-login__tips">忘记密码请联系本单位管理员重置</View>
    </Page>
  );
}
