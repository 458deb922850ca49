// The scoring module: complexity measures of human-produced sequences (issue 3).
