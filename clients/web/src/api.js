// The service's GraphQL API: queries and mutations over HTTP, subscriptions over WebSocket
// (graphql-ws, the graphql-transport-ws protocol). The token goes in the Authorization header,
// and for the WebSocket, which a browser cannot give headers, in the connection_init payload.
import { createClient } from 'graphql-ws';

export function connect(apiUrl, token) {
  const authorization = `Bearer ${token}`;

  async function request(query, variables = {}) {
    const response = await fetch(`${apiUrl}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: authorization },
      body: JSON.stringify({ query, variables }),
    });
    const { data, errors } = await response.json();
    if (errors?.length) {
      throw new Error(`${errors[0].extensions?.code ?? 'ERROR'}: ${errors[0].message}`);
    }
    return data;
  }

  const sockets = createClient({
    url: apiUrl.replace(/^http/, 'ws') + '/graphql',
    connectionParams: { Authorization: authorization },
    retryAttempts: Infinity,
  });

  /** Calls onData with each event; returns a function that stops the subscription. */
  function subscribe(query, variables, onData, onError) {
    return sockets.subscribe({ query, variables }, {
      next: ({ data, errors }) => (errors?.length ? onError(errors[0]) : onData(data)),
      error: onError,
      complete: () => {},
    });
  }

  return { request, subscribe, sockets, close: () => sockets.dispose() };
}
