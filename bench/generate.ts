/** A large, realistic stack: N services in groups of an API, its mongo (with a legacy alias) and a worker. */
export function generateStack(n: number): string {
  const lines = ['version: "3.8"', 'services:'];
  for (let i = 0; i < n; i++) {
    const g = Math.floor(i / 3);
    const kind = i % 3;
    if (kind === 0) {
      lines.push(
        `  api-${g}:`,
        `    image: registry.example/api-${g}:1.${g}`,
        '    environment:',
        `      API_MONGO: mongodb://mongo-${g}:27017/db`,
        `      API_WORKER_ADDR: http://worker-${g}:8080/`,
        `      API_PEER_URL: http://api-${Math.max(0, g - 1)}:8080`,
        '      LOG_LEVEL: info',
        '    networks:',
        '      - backend',
        '    deploy:',
        '      replicas: 2',
        '      restart_policy:',
        '        condition: on-failure',
        `    ports:`,
        `      - "${10000 + g}:8080"`,
      );
    } else if (kind === 1) {
      lines.push(
        `  db-${g}:`,
        '    image: mongo:8.0',
        '    networks:',
        '      backend:',
        '        aliases:',
        `          - mongo-${g}`,
        '    volumes:',
        `      - db-${g}:/data/db`,
      );
    } else {
      lines.push(
        `  worker-${g}:`,
        `    image: registry.example/worker:2`,
        '    environment:',
        `      - WORKER_API_URL=http://api-${g}:8080`,
        `      - WORKER_DB=mongodb://mongo-${g}:27017`,
        '    networks: [backend]',
        '    depends_on:',
        `      - api-${g}`,
      );
    }
  }
  lines.push('networks:', '  backend:', '    driver: overlay', 'volumes:');
  for (let g = 0; g < Math.ceil(n / 3); g++) lines.push(`  db-${g}: {}`);
  return lines.join('\n') + '\n';
}
