/**
 * Traffic-flow forecasting over count series: the series with its calendar ({@link
 * org.divs.flow.FlowSeries}), the LSTM's samples built from it, the forecasters (the LSTM and the
 * two baselines, last value and the same slot's historical average on the same day type) and the
 * metrics they are all judged by (MAE, RMSE, MAPE per horizon). Plain Java, no Vert.x.
 */
package org.divs.flow;
