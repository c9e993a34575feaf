<?php

namespace Tests\Unit;

use PHPUnit\Framework\TestCase;

class PriceTest extends TestCase
{
    public function test_adds_tax(): void
    {
        $this->assertSame(120, 100 + 20);
    }
}
