import { Button, Text, View } from '@tarojs/components';
import { native } from '../native';

interface PrivacySheetProps {
  purpose: string;
  onAgree: () => void;
  onDecline: () => void;
}

/**
 * Our own privacy sheet (WeChat requires agreement before the first location or photo call). The agree
 * button carries open-type="agreePrivacyAuthorization", which is what WeChat records.
 */
export function PrivacySheet({ purpose, onAgree, onDecline }: PrivacySheetProps) {
  return (
    <>
      <View className="mask" onClick={onDecline} />
      <View className="sheet" role="dialog" aria-label="隐私保护提示">
        <View className="sheet__title">隐私保护提示</View>
        <View className="sheet__text">
          为{purpose}，需要您同意
          <Text className="link" onClick={() => void native.openPrivacyContract()}>
            《嘉峪关12345小程序隐私保护指引》
          </Text>
          。不同意也不影响用文字描述、手动填写地址提交诉求。
        </View>
        <Button className="btn btn--primary" openType="agreePrivacyAuthorization" onAgreePrivacyAuthorization={onAgree}>
          同意并继续
        </Button>
        <Button className="btn" onClick={onDecline}>
          不同意
        </Button>
      </View>
    </>
  );
}
