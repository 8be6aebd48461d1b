"""Realistic requests shared by tests and benchmarks."""

from __future__ import annotations

from typing import Any

TRICKY = "a b+c&d/e?f#g*h~i'j\"k%l 中文 ✓"


def rich_create_job() -> dict[str, Any]:
    """About forty CreateJob parameters, structured ones included; valid against the spec."""
    return {
        "app_name": "demo-job",
        "namespace_id": "cn-hangzhou:demo",
        "app_description": TRICKY,
        "vpc_id": "vpc-bp1aevy8sofi8mh1q",
        "v_switch_id": "vsw-bp12mw1f8k3jgygk9",
        "package_type": "FatJar",
        "package_version": "1.0.1",
        "package_url": "https://bucket.oss-cn-hangzhou.aliyuncs.com/app/demo-1.0.1.jar",
        "jdk": "Open JDK 8",
        "cpu": 1000,
        "memory": 2048,
        "replicas": 2,
        "command": "java",
        "command_args": ["-jar", "/app/demo.jar", TRICKY],
        "envs": [
            {"name": "MODE", "value": "prod"},
            {"name": "FROM_MAP", "valueFrom": "configMapRef", "configMapId": 16, "key": "mode"},
        ],
        "custom_host_alias": [{"hostName": "db.local", "ip": "10.0.0.5"}],
        "jar_start_options": "-Xms1G -Xmx1G",
        "jar_start_args": "--spring.profiles.active=prod",
        "timezone": "Asia/Shanghai",
        "sls_configs": [{"logDir": "", "logType": "stdout"}, {"logDir": "/tmp/a.log"}],
        "nas_id": "10d3b4",
        "mount_host": "10d3b4bc9.com",
        "mount_desc": [{"mountPath": "/tmp", "nasPath": "/"}],
        "pre_stop": {"exec": {"command": ["sh", "-c", "echo bye"]}},
        "post_start": {"exec": {"command": ["sh", "-c", "echo hi"]}},
        "config_map_mount_desc": [{"configMapId": 16, "key": "app.yaml", "mountPath": "/etc/app"}],
        "security_group_id": "sg-wz969ngg2e49q5i4",
        "auto_config": False,
        "termination_grace_period_seconds": 30,
        "tomcat_config": {
            "port": 8080,
            "contextPath": "/",
            "maxThreads": 400,
            "uriEncoding": "UTF-8",
            "useBodyEncodingForUri": True,
        },
        "oss_mount_descs": [
            {"bucketName": "b", "bucketPath": "data/", "mountPath": "/data", "readOnly": True}
        ],
        "oss_ak_id": "oss-id",
        "oss_ak_secret": "OSS-SECRET-VALUE",
        "acr_assume_role_arn": "acs:ram::123456789012:role/adminrole",
        "workload": "job",
        "trigger_config": {"type": "time", "config": "0 1 */1 * ?", "timezone": "GMT+8:00"},
        "concurrency_policy": "Forbid",
        "timeout": 3600,
        "backoff_limit": 3,
        "slice_": True,
        "slice_envs": [0, 1, 2],
        "programming_language": "java",
    }
