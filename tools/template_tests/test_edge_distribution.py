"""The distribution's origin carries the edge function's configuration as custom headers."""

from cfn_template import load_template

RESOURCES = load_template()["Resources"]

# CloudFront's default quota of custom headers it adds to an origin request; more fails the deploy
# (TooManyOriginCustomHeaders) unless the account's quota was raised.
MAX_ORIGIN_CUSTOM_HEADERS = 10


def origin_headers():
    [origin] = RESOURCES["EdgeDistribution"]["Properties"]["DistributionConfig"]["Origins"]
    return origin["OriginCustomHeaders"]


def test_every_origin_custom_header_fits_cloudfronts_default_quota_even_with_every_option_on():
    # an Fn::If entry counts as a header: the worst case is every condition true
    assert len(origin_headers()) <= MAX_ORIGIN_CUSTOM_HEADERS


def test_the_cache_times_travel_in_one_header():
    names = [h["HeaderName"] for h in origin_headers() if "HeaderName" in h]
    assert "x-router-cache-seconds" in names
    assert not [n for n in names if n.endswith("-ttl-seconds") or n == "x-router-stale-seconds"]
