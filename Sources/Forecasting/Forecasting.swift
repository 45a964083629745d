// Forecasting: placeholder until its issue lands.
