<?php

namespace Tests\Feature;

use Tests\TestCase;

class BookingTest extends TestCase
{
    public function test_lists_bookings(): void
    {
        $this->getJson('/api/bookings')->assertOk();
    }
}
