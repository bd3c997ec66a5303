import { describe, expect, it, jest } from '@jest/globals';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { categoryView as c } from '../../../test/fixtures';
import { categoriesService } from '../../services/categories';
import { CategoryPicker } from './CategoryPicker';

jest.mock('../../services/categories', () => ({ categoriesService: { list: jest.fn() } }));

describe('CategoryPicker', () => {
  it('loads the categories when opened and picks a leaf in two steps', async () => {
    jest.mocked(categoriesService.list).mockResolvedValue([
      c('1', '城乡建设', '城市建设和市政管理', '冬季采暖'),
      c('2', '城乡建设', '城市建设和市政管理', '燃气供应'),
      c('3', '环境保护', '噪声污染', '施工噪音'),
    ]);
    const onPick = jest.fn();
    await act(async () => {
      render(<CategoryPicker selectedId={null} onPick={onPick} onClose={() => undefined} />);
    });
    expect(categoriesService.list).toHaveBeenCalledTimes(1);

    fireEvent.click(screen.getByText('城乡建设'));
    expect(screen.getByText('城市建设和市政管理')).toBeTruthy();
    expect(screen.queryByText('施工噪音')).toBeNull();
    fireEvent.click(screen.getByText('冬季采暖'));
    expect(onPick).toHaveBeenCalledWith(expect.objectContaining({ id: '1', level3: '冬季采暖' }));

    fireEvent.click(screen.getByRole('button', { name: '返回上一级' }));
    expect(screen.getByText('环境保护')).toBeTruthy();
  });

  it('offers a retry when the list cannot be loaded', async () => {
    jest.mocked(categoriesService.list).mockRejectedValueOnce(new Error('offline')).mockResolvedValueOnce([c('1', '民政', '养老', '养老服务')]);
    await act(async () => {
      render(<CategoryPicker selectedId={null} onPick={() => undefined} onClose={() => undefined} />);
    });
    await act(async () => {
      fireEvent.click(screen.getByText(/重试/));
    });
    expect(screen.getByText('民政')).toBeTruthy();
  });
});
