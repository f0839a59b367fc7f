"""Correct code: the test adds a blocking sleep to it through the editor, then takes it out."""
import asyncio
import time


async def refresh(device):
    await asyncio.sleep(1)
    return device


def blocking_is_fine_here():
    time.sleep(1)
