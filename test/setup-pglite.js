process.env.HUB_TEST_DB = 'pglite';
