// The `.env` both New-stack templates write: the S3 credentials MinIO and deployments both read, generated per stack.
export function credentialsEnv(random: () => string): string {
  const accessKey = random()
    .slice(0, 8)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x');
  return `# Credentials of the Mender stack (generated). MinIO and deployments both read them.
MENDER_S3_ACCESS_KEY=mender-${accessKey}
MENDER_S3_SECRET_KEY=${random()}
`;
}
