// Backtesting: placeholder until its issue lands.
