import { useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import type { PhotoItem } from './photo-queue';
import './photos.scss';

interface PhotoUploaderProps {
  items: readonly PhotoItem[];
  max: number;
  onAdd: () => void;
  onRetry: (key: string) => void;
  onRemove: (key: string) => void;
  onPreview: (key: string) => void;
  /** A local copy of an uploaded photo whose own file no longer loads (a restored draft). */
  recover?: (attachmentId: string) => Promise<string>;
}

/**
 * WeUI's photo-uploader: 96 px tiles with an 8 px gap, each showing its own state (uploading with a percentage,
 * failed with tap-to-retry or the reason), a corner × to remove, and a + tile while there is room.
 */
export function PhotoUploader({ items, max, onAdd, onRetry, onRemove, onPreview, recover }: PhotoUploaderProps) {
  // Files of a restored draft may be gone (H5 blob: URLs die with the page): show the uploaded copy instead,
  // and only if that fails too, a placeholder that says it is uploaded.
  const [broken, setBroken] = useState<ReadonlySet<string>>(new Set());
  const [recovered, setRecovered] = useState<ReadonlyMap<string, string>>(new Map());
  const onImageError = (item: PhotoItem) => {
    if (recover && item.attachmentId && !recovered.has(item.key)) {
      setRecovered((m) => new Map(m).set(item.key, ''));
      recover(item.attachmentId).then(
        (src) => setRecovered((m) => new Map(m).set(item.key, src)),
        () => setBroken((b) => new Set(b).add(item.key)),
      );
      return;
    }
    setBroken((b) => new Set(b).add(item.key));
  };

  return (
    <View className="photo-uploader">
      <View className="photo-uploader__files">
        {items.map((item, index) => {
          const tap = () => {
            if (item.status === 'failed' && item.retryable) onRetry(item.key);
            else if (item.status === 'done') onPreview(item.key);
          };
          const label =
            item.status === 'done'
              ? `照片 ${index + 1}，已上传`
              : item.status === 'failed'
                ? `照片 ${index + 1}，${item.error?.short ?? '上传失败'}${item.retryable ? '，点按重试' : ''}`
                : `照片 ${index + 1}，上传中`;
          return (
            <View
              key={item.key}
              className={`photo-uploader__tile photo-uploader__tile--${item.status}`}
              data-status={item.status}
              role="button"
              aria-label={label}
              onClick={tap}
            >
              {broken.has(item.key) || recovered.get(item.key) === '' ? (
                <View className="photo-uploader__placeholder">{broken.has(item.key) && item.status === 'done' ? '已上传' : '照片'}</View>
              ) : (
                <Image
                  className="photo-uploader__img"
                  src={recovered.get(item.key) ?? item.path}
                  mode="aspectFill"
                  onError={() => onImageError(item)}
                />
              )}
              {item.status === 'queued' || item.status === 'uploading' ? (
                <View className="photo-uploader__status">
                  <Text>{item.status === 'queued' ? '等待上传' : `${item.progress}%`}</Text>
                  <View className="photo-uploader__bar">
                    <View className="photo-uploader__bar-fill" style={{ width: `${item.progress}%` }} />
                  </View>
                </View>
              ) : item.status === 'failed' ? (
                <View className="photo-uploader__status photo-uploader__status--failed">
                  <Text className="photo-uploader__status-icon">!</Text>
                  <Text>{item.error?.short ?? '上传失败'}</Text>
                  {item.retryable ? <Text className="photo-uploader__retry">点按重试</Text> : null}
                </View>
              ) : null}
              <View
                className="photo-uploader__remove"
                role="button"
                aria-label={`删除照片 ${index + 1}`}
                onClick={(e) => {
                  e.stopPropagation();
                  onRemove(item.key);
                }}
              >
                <Text className="photo-uploader__remove-x">×</Text>
              </View>
            </View>
          );
        })}
        {items.length < max ? (
          <View className="photo-uploader__tile photo-uploader__add" role="button" aria-label="添加照片" onClick={onAdd}>
            <Text className="photo-uploader__add-plus">+</Text>
            <Text className="photo-uploader__add-count">
              {items.length}/{max}
            </Text>
          </View>
        ) : null}
      </View>
    </View>
  );
}
