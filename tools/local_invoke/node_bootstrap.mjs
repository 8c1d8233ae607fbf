// A minimal Node.js bootstrap for local runs: the Lambda Runtime API loop of the nodejs runtime, without the
// runtime's extras (console patching for JSON logs, streaming responses, callbackWaitsForEmptyEventLoop).
// Why not AWS's aws-lambda-ric from npm: it compiles a native add-on (node-gyp, libcurl) at install time.
import { pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { register } from 'node:module';

const api = `http://${process.env.AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime`;
const taskRoot = process.env.LAMBDA_TASK_ROOT || process.cwd();
const handlerSpec = process.env._HANDLER || 'index.handler';

function errorBody(error) {
  return JSON.stringify({
    errorType: error?.name || 'Error',
    errorMessage: error?.message || String(error),
    trace: String(error?.stack || '').split('\n'),
  });
}

async function post(path, body, errorType) {
  const headers = { 'Content-Type': 'application/json' };
  if (errorType) headers['Lambda-Runtime-Function-Error-Type'] = errorType;
  await fetch(`${api}${path}`, { method: 'POST', body, headers });
}

async function loadHandler() {
  const dot = handlerSpec.lastIndexOf('.');
  const moduleName = handlerSpec.slice(0, dot);
  const exportName = handlerSpec.slice(dot + 1);
  const file = ['.mjs', '.js', '.cjs'].map((ext) => join(taskRoot, moduleName + ext)).find((f) => existsSync(f));
  if (!file) throw Object.assign(new Error(`Cannot find module '${moduleName}'`), { name: 'Runtime.ImportModuleError' });
  const module = await import(pathToFileURL(file).href);
  const handler = module[exportName] ?? module.default?.[exportName];
  if (typeof handler !== 'function') {
    throw Object.assign(new Error(`${handlerSpec} is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
  }
  return handler;
}

// The nodejs runtime provides the AWS SDK v3 (/var/runtime/node_modules); here a project node_modules stands in for
// it. ES modules ignore NODE_PATH, so a resolve hook retries bare specifiers from there.
const runtimeModules = process.env.LOCAL_INVOKE_NODE_RUNTIME_MODULES;
if (runtimeModules) {
  const parent = pathToFileURL(join(runtimeModules, 'runtime-placeholder.mjs')).href;
  const hook = `export async function resolve(specifier, context, next) {
    try { return await next(specifier, context); } catch (error) {
      if (error?.code !== 'ERR_MODULE_NOT_FOUND' || /^[./]|^[a-z]+:/.test(specifier)) throw error;
      return next(specifier, { ...context, parentURL: ${JSON.stringify(parent)} });
    }
  }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
}

let handler;
try {
  handler = await loadHandler();
} catch (error) {
  console.error(error);
  await post('/init/error', errorBody(error), error?.name || 'Runtime.Unknown');
  process.exit(1);
}

for (;;) {
  const next = await fetch(`${api}/invocation/next`);
  const event = await next.json();
  const requestId = next.headers.get('lambda-runtime-aws-request-id');
  const deadline = Number(next.headers.get('lambda-runtime-deadline-ms'));
  const context = {
    awsRequestId: requestId,
    invokedFunctionArn: next.headers.get('lambda-runtime-invoked-function-arn'),
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    const result = await new Promise((resolve, reject) => {
      const returned = handler(event, context, (error, value) => (error ? reject(error) : resolve(value)));
      if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
    });
    await post(`/invocation/${requestId}/response`, JSON.stringify(result ?? null));
  } catch (error) {
    console.error(`${new Date().toISOString()}\t${requestId}\tERROR\t${error?.stack || error}`);
    await post(`/invocation/${requestId}/error`, errorBody(error), error?.name || 'Error');
  }
}
