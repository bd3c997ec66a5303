// Unit tests run the H5 code paths (no weapp-only branches) with a fresh mock storage per test file.
process.env.TARO_ENV = 'h5';
