"""Audits every device; the last one audited is logged, so its loop keeps its order."""
import asyncio


async def fetch_facts(device):
    await asyncio.sleep(0)
    return device


async def audit_last(devices):
    for device in devices:
        await fetch_facts(device)
    print("last audited:", device)
