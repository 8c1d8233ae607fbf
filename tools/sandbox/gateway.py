"""The sandbox's two HTTP endpoints on 127.0.0.1.

LambdaEndpoint: the Lambda Invoke API for the local functions (what `aws lambda invoke --endpoint-url` and moto's
Step Functions interpreter call: moto sends every AWS call of a task to localhost:$MOTO_PORT, which is this
endpoint), CloudFormation's custom-resource response URL, and every other request forwarded to moto unchanged.

EdgeEndpoint: plays CloudFront and API Gateway. A request becomes the origin-request event CloudFront builds (the
distribution's origin, its custom headers, the viewer's headers without Host), runs through the associated edge
function, and then goes where the function sent it: to the API stage whose domain and path it chose, as the REST
proxy event API Gateway builds (stage variables included), answered by that route's function.
"""

import base64
import http.client
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict
from urllib.parse import parse_qsl, unquote, urlsplit

from server import PREFIX, function_key

HOP_BY_HOP = {"connection", "content-length", "host", "transfer-encoding", "keep-alive", "expect", "upgrade"}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class LambdaEndpoint:
    def __init__(self, moto_port: int, port: int = 0):
        self.moto_port = moto_port
        self.functions = None  # set once the functions exist (custom resources need them first)
        self._responses: Dict[str, dict] = {}
        self._arrived = threading.Condition()
        self.server = _Server(("127.0.0.1", port), self._handler())
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def response_url(self) -> str:
        token = uuid.uuid4().hex
        return f"{self.url()}/cloudformation-response/{token}"

    def await_response(self, url: str, timeout_s: float) -> dict:
        token = url.rsplit("/", 1)[1]
        deadline = time.monotonic() + timeout_s
        with self._arrived:
            while token not in self._responses:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("no response arrived at the custom resource's ResponseURL")
                self._arrived.wait(left)
            return self._responses.pop(token)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args):
                pass

            def _body(self) -> bytes:
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length else b""

            def _answer(self, status, body=b"", headers=()):
                self.send_response(status)
                for key, value in headers:
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_PUT(self):
                if self.path.startswith("/cloudformation-response/"):
                    body = self._body()
                    with endpoint._arrived:
                        endpoint._responses[self.path.rsplit("/", 1)[1]] = json.loads(body or b"{}")
                        endpoint._arrived.notify_all()
                    self._answer(200)
                    return
                self._forward("PUT")

            def do_POST(self):
                path = self.path.split("?", 1)[0]
                if path.startswith(PREFIX) and path.endswith("/invocations"):
                    self._invoke(unquote(path[len(PREFIX):-len("/invocations")]))
                    return
                self._forward("POST")

            def do_GET(self):
                self._forward("GET")

            def do_HEAD(self):
                self._forward("HEAD")

            def do_DELETE(self):
                self._forward("DELETE")

            def _invoke(self, name):
                payload = self._body() or b"{}"
                functions = endpoint.functions
                if functions is None or not functions.known(name):
                    body = json.dumps({"Type": "User", "message": f"Function not found: {function_key(name)}"})
                    self._answer(404, body.encode(), [("x-amzn-ErrorType", "ResourceNotFoundException"),
                                                      ("Content-Type", "application/json")])
                    return
                caller = "Invoke API (a Step Functions task or a client)"
                invocation_type = self.headers.get("X-Amz-Invocation-Type", "RequestResponse")
                if invocation_type == "DryRun":
                    self._answer(204)
                    return
                if invocation_type == "Event":
                    functions.invoke_async(name, payload, caller)
                    self._answer(202)
                    return
                result = functions.invoke(name, payload, caller)
                headers = [("X-Amz-Executed-Version", "$LATEST"), ("Content-Type", "application/json")]
                if result.failed:
                    headers.append(("X-Amz-Function-Error", "Unhandled"))
                self._answer(200, result.body, headers)

            def _forward(self, method):
                body = self._body()
                upstream = http.client.HTTPConnection("127.0.0.1", endpoint.moto_port, timeout=120)
                try:
                    headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                    headers["Host"] = f"127.0.0.1:{endpoint.moto_port}"
                    upstream.request(method, self.path, body=body, headers=headers)
                    response = upstream.getresponse()
                    data = response.read()
                except OSError as e:
                    self._answer(502, f"moto did not answer: {e}".encode())
                    return
                finally:
                    upstream.close()
                self._answer(response.status, data if method != "HEAD" else b"",
                             [(k, v) for k, v in response.getheaders() if k.lower() not in HOP_BY_HOP])

        return Handler


def origin_request_event(distribution: dict, method: str, uri: str, query: str, viewer_headers, client_ip: str):
    """The origin-request event CloudFront sends the associated function (Lambda@Edge event structure)."""
    config = distribution["config"]
    behavior = config["DefaultCacheBehavior"]
    origin = next(o for o in config["Origins"] if o["Id"] == behavior["TargetOriginId"])
    headers: Dict[str, list] = {}
    for key, value in viewer_headers:
        if key.lower() == "host":
            continue  # origin request policy AllViewerExceptHostHeader: Host becomes the origin's domain
        headers.setdefault(key.lower(), []).append({"key": key, "value": value})
    headers["host"] = [{"key": "Host", "value": origin["DomainName"]}]
    headers.setdefault("x-forwarded-for", [{"key": "X-Forwarded-For", "value": client_ip}])
    headers["via"] = [{"key": "Via", "value": f"2.0 {uuid.uuid4().hex[:16]}.cloudfront.net (CloudFront)"}]
    custom = {h["HeaderName"].lower(): [{"key": h["HeaderName"], "value": str(h["HeaderValue"])}]
              for h in origin.get("OriginCustomHeaders", [])}
    origin_config = origin.get("CustomOriginConfig", {})
    return {"Records": [{"cf": {
        "config": {"distributionDomainName": f"{distribution['id'].lower()}.cloudfront.net",
                   "distributionId": distribution["id"], "eventType": "origin-request",
                   "requestId": base64.urlsafe_b64encode(uuid.uuid4().bytes * 2).decode().rstrip("=")},
        "request": {
            "clientIp": client_ip, "headers": headers, "method": method, "querystring": query, "uri": uri,
            "origin": {"custom": {
                "customHeaders": custom, "domainName": origin["DomainName"],
                "keepaliveTimeout": int(origin_config.get("OriginKeepaliveTimeout", 5)),
                "path": origin.get("OriginPath", ""), "port": int(origin_config.get("HTTPSPort", 443)),
                "protocol": "https" if origin_config.get("OriginProtocolPolicy") != "http-only" else "http",
                "readTimeout": int(origin_config.get("OriginReadTimeout", 30)),
                "sslProtocols": origin_config.get("OriginSSLProtocols", ["TLSv1.2"])}},
        }}}]}


def api_gateway_event(api_id: str, stage: str, stage_variables: dict, method: str, path: str, query: str,
                      headers: Dict[str, str], body: bytes, source_ip: str, resource: str) -> dict:
    """The REST API (v1) Lambda proxy event API Gateway sends the route's function."""
    pairs = parse_qsl(query, keep_blank_values=True)
    multi_query: Dict[str, list] = {}
    for key, value in pairs:
        multi_query.setdefault(key, []).append(value)
    return {
        "resource": resource, "path": path, "httpMethod": method,
        "headers": headers or None, "multiValueHeaders": {k: [v] for k, v in headers.items()} or None,
        "queryStringParameters": {k: v[-1] for k, v in multi_query.items()} or None,
        "multiValueQueryStringParameters": multi_query or None,
        "pathParameters": None, "stageVariables": stage_variables or None,
        "requestContext": {
            "accountId": "123456789012", "resourceId": api_id[:6], "stage": stage,
            "requestId": str(uuid.uuid4()), "requestTimeEpoch": int(time.time() * 1000),
            "identity": {"sourceIp": source_ip, "userAgent": headers.get("User-Agent", "")},
            "path": f"/{stage}{path}", "resourcePath": resource, "httpMethod": method, "apiId": api_id,
            "protocol": "HTTP/1.1"},
        "body": body.decode("utf-8", "replace") if body else None, "isBase64Encoded": False,
    }


class EdgeEndpoint:
    def __init__(self, deployed, functions, port: int = 0):
        self.deployed = deployed
        self.functions = functions
        self.distribution = deployed.distributions[0] if deployed.distributions else None
        self.server = _Server(("127.0.0.1", port), self._handler())
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def handle(self, method: str, target: str, headers, body: bytes, client_ip: str):
        """(status, [(header, value)], body) for one viewer request."""
        parts = urlsplit(target)
        if self.distribution is None:
            return self.api(method, None, "", parts.path, parts.query, dict(headers), body, client_ip)
        association = next((a for a in self.distribution["config"]["DefaultCacheBehavior"].get(
            "LambdaFunctionAssociations", []) if a["EventType"] == "origin-request"), None)
        event = origin_request_event(self.distribution, method, parts.path, parts.query, headers, client_ip)
        request = event["Records"][0]["cf"]["request"]
        if association:
            result = self.functions.invoke(association["LambdaFunctionARN"], json.dumps(event).encode(),
                                           "CloudFront origin-request")
            if result.failed:
                return 502, [("Content-Type", "text/plain")], \
                    b"502 ERROR: the Lambda@Edge function failed (CloudFront answers 502 LambdaExecutionError)\n"
            answer = json.loads(result.body)
            if "status" in answer:  # the function answered itself
                out = [(v["key"], v["value"]) for values in answer.get("headers", {}).values() for v in values]
                payload = answer.get("body", "") or ""
                payload = base64.b64decode(payload) if answer.get("bodyEncoding") == "base64" else payload.encode()
                return int(answer["status"]), out, payload
            request = answer
        origin = request["origin"]["custom"]
        merged = {v["key"]: v["value"] for values in request.get("headers", {}).values() for v in values}
        # CloudFront adds the origin's custom headers (as the function left them) to the request it sends
        merged.update({v["key"]: v["value"] for values in origin.get("customHeaders", {}).values() for v in values})
        return self.api(request["method"], origin["domainName"], origin.get("path", ""), request["uri"],
                        request.get("querystring", ""), merged, body, client_ip)

    def api(self, method, domain, origin_path, uri, query, headers, body, client_ip):
        api_id = (domain or "").split(".", 1)[0]
        api = self.deployed.apis.get(api_id)
        path = (origin_path or "") + uri
        stage, _, rest = path.lstrip("/").partition("/")
        if api is None:
            return 502, [("Content-Type", "text/plain")], \
                f"502: no local API for {domain} (the origin the edge function chose)\n".encode()
        if stage not in api["stages"]:  # API Gateway's answer for a stage the API does not have
            return 403, [("Content-Type", "application/json"), ("x-amzn-ErrorType", "ForbiddenException")], \
                b'{"message":"Forbidden"}'
        resource_path = "/" + rest
        function_arn = api["routes"].get(f"{method} {resource_path}") or api["routes"].get(f"ANY {resource_path}")
        if function_arn is None:
            return 403, [("Content-Type", "application/json"), ("x-amzn-ErrorType", "MissingAuthenticationTokenException")], \
                b'{"message":"Missing Authentication Token"}'
        event = api_gateway_event(api_id, stage, api["stages"][stage], method, resource_path, query, headers, body,
                                  client_ip, resource_path)
        result = self.functions.invoke(function_arn, json.dumps(event).encode(), f"API {api['logical_id']}/{stage}")
        if result.failed:
            return 502, [("Content-Type", "application/json")], b'{"message": "Internal server error"}'
        answer = json.loads(result.body)
        out = list((answer.get("headers") or {}).items())
        for key, values in (answer.get("multiValueHeaders") or {}).items():
            out += [(key, v) for v in values if (key, v) not in out]
        payload = answer.get("body") or ""
        payload = base64.b64decode(payload) if answer.get("isBase64Encoded") else payload.encode()
        return int(answer.get("statusCode", 200)), out, payload

    def _handler(self):
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args):
                pass

            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                try:
                    status, headers, payload = endpoint.handle(self.command, self.path, list(self.headers.items()),
                                                               body, self.client_address[0])
                except Exception as e:  # the sandbox answers as CloudFront would: 502, never a dropped connection
                    status, headers, payload = 502, [("Content-Type", "text/plain")], f"502: {e}\n".encode()
                self.send_response(status)
                for key, value in headers:
                    if key.lower() not in HOP_BY_HOP:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = _serve

        return Handler
